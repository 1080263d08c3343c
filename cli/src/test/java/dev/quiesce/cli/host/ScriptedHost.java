package dev.quiesce.cli.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: a host whose hypercall results are set by the test, for the tool's paths that an
 * immediate executor never reaches (an action still in progress at the tool's one GET, a stale
 * -EAGAIN, an action that fails in the quiesced window).
 */
final class ScriptedHost implements LivepatchHost {

    final Map<String, Entry> payloads = new LinkedHashMap<>();
    final List<String> calls = new ArrayList<>();
    /** The entry GET returns after the next accepted action (null: leave it as the action set it). */
    Entry afterAction;
    /** The reply of the next action. */
    Reply actionReply = Reply.OK;

    @Override
    public Reply upload(String name, byte[] bytes) {
        calls.add("upload " + name);
        if (payloads.containsKey(name)) {
            return new Reply(-17, "payload '" + name + "' is already uploaded");
        }
        payloads.put(name, new Entry(name, State.CHECKED, 0, ""));
        return Reply.OK;
    }

    @Override
    public Reply upload(String name, dev.quiesce.payload.envelope.SignedPayload envelope) {
        calls.add("upload envelope " + name);
        return upload(name, envelope.elf());
    }

    @Override
    public Entry get(String name) {
        Entry e = payloads.get(name);
        if (e == null) {
            throw new Failure(2, "no payload named '" + name + "'");
        }
        return e;
    }

    @Override
    public List<Entry> list() {
        return List.copyOf(payloads.values());
    }

    @Override
    public Reply action(String name, Action action, int flags, long timeoutNs) {
        calls.add(action + " " + name + " flags=" + flags + " timeout=" + timeoutNs);
        if (actionReply.rc() != 0) {
            return actionReply;
        }
        if (action == Action.UNLOAD) {
            payloads.remove(name);
        } else if (afterAction != null) {
            payloads.put(name, afterAction);
        }
        return Reply.OK;
    }

    @Override
    public String extraVersion() {
        return "-scripted";
    }

    @Override
    public int minorVersion() {
        return 17;
    }

    @Override
    public String buildId() {
        return "00";
    }

    @Override
    public List<String> drainConsole() {
        return List.of("livepatch: scripted");
    }
}
