package dev.quiesce.cluster.node;

import dev.quiesce.cluster.host.HostRunner;
import dev.quiesce.fleet.rollout.HostCommand;
import dev.quiesce.fleet.rollout.HostDriver;
import dev.quiesce.fleet.rollout.HostOutcome;
import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A host node process ({@link NodeMain}'s arguments, then {@code --hold DIR HOST[,HOST…]}) on which hosts' commands
 * are held: the first node, cluster-wide, whose entity of one of the hosts runs a command claims the hold (it creates
 * {@code DIR/held}, atomically, so a re-created entity elsewhere runs normally), writes the host to {@code
 * DIR/held/host} and its pid to {@code DIR/held/pid}, and does not run the command — nor any other command of the
 * listed hosts that it runs — until {@code DIR/release} exists. Once {@code DIR/only-pid} exists, only the node whose
 * pid it holds claims it (a test puts the hold on one node that way). The
 * command was accepted (a host entity journals it before running it) and is unanswered while held: a test knows which
 * node holds such a host, and that it holds it until it releases it or kills the node. A held host outlasts the
 * default host-timeout, so these nodes run with {@code quiesce.cluster.host-timeout = 3m}.
 */
public final class HeldHostNode {

    private HeldHostNode() {
    }

    /** Starts the node; runs until it stops. */
    public static void main(String[] args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        int at = a.indexOf("--hold");
        Path dir = Path.of(a.get(at + 1));
        List<Integer> hosts = Arrays.stream(a.get(at + 2).split(",")).map(Integer::valueOf).toList();
        a.subList(at, at + 3).clear();
        System.setProperty("quiesce.cluster.host-timeout", "3m");
        ConfigFactory.invalidateCaches();
        NodeMain.main(a.toArray(String[]::new), spec -> new Held(HostRunner.driver(spec), dir, hosts));
    }

    /** The arguments that make every node of a local cluster hold {@code host}'s command, in {@code dir}. */
    static List<String> args(Path dir, int host) {
        return args(dir, List.of(host));
    }

    /** The arguments that make the first node of a cluster to run one of {@code hosts} hold them, in {@code dir}. */
    static List<String> args(Path dir, List<Integer> hosts) {
        return List.of("--hold", dir.toString(), String.join(",", hosts.stream().map(String::valueOf).toList()));
    }

    /** The modelled hosts, with the commands of {@code held} held on the node that claims the hold. */
    private record Held(HostDriver hosts, Path dir, List<Integer> held) implements HostDriver {

        @Override
        public HostOutcome run(HostCommand command) {
            if (held.contains(command.host()) && !barred() && (mine() || claim(command.host()))) {
                awaitRelease();
            }
            return hosts.run(command);
        }

        private boolean barred() {
            try {
                Path only = dir.resolve("only-pid");
                return Files.exists(only)
                        && Long.parseLong(Files.readString(only).strip()) != ProcessHandle.current().pid();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private boolean mine() {
            try {
                Path pid = dir.resolve("held").resolve("pid");
                return Files.exists(pid)
                        && Long.parseLong(Files.readString(pid).strip()) == ProcessHandle.current().pid();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private boolean claim(int host) {
            try {
                Files.createDirectory(dir.resolve("held"));
                Files.writeString(dir.resolve("held").resolve("host"), Integer.toString(host));
                Path tmp = dir.resolve("held").resolve("pid.tmp");
                Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
                Files.move(tmp, dir.resolve("held").resolve("pid"), StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void awaitRelease() {
            try {
                while (!Files.exists(dir.resolve("release"))) {
                    Thread.sleep(20); // a test's fault, not simulation: wait for the test to let the host go
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
