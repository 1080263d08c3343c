package dev.quiesce.cluster.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fault injector on a TCP link on the loopback: it listens on a free port of 127.0.0.1 and forwards each
 * connection to {@code target}, both ways, until told otherwise. {@link #down()} is the far side stopped: every
 * connection is closed and new ones are closed as soon as they are accepted, until {@link #up()}.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean down;

    /** A proxy to 127.0.0.1:{@code target}, accepting already. */
    TcpProxy(int target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("proxy-" + port()).start(this::accept);
    }

    /** The port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    /** The far side is stopped: close every connection, and each new one at once. */
    void down() {
        down = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** The far side is back: forward new connections again. */
    void up() {
        down = false;
    }

    @Override
    public void close() {
        closeQuietly(server);
        down();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                if (down) {
                    in.close();
                    continue;
                }
                Socket out = new Socket();
                out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                open.add(in);
                open.add(out);
                Thread.ofVirtual().start(() -> pump(in, out));
                Thread.ofVirtual().start(() -> pump(out, in));
            } catch (IOException e) {
                // the server closed, or the target refused one connection: the next accept decides
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream i = from.getInputStream(); OutputStream o = to.getOutputStream()) {
            for (int n; (n = i.read(buf)) >= 0; ) {
                o.write(buf, 0, n);
                o.flush();
            }
        } catch (IOException e) {
            // one side closed or was closed by down(): close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
