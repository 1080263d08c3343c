package dev.quiesce.text;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UntrustedTest {

    @Test
    void terminalEscapesAndNewlinesAreShownNotSent() {
        assertThat(Untrusted.show("evil\u001b[2J\nname\r")).isEqualTo("evil\\x1b[2J\\nname\\r");
        assertThat(Untrusted.show("a\u202eb\u0085c")).isEqualTo("a\\u202eb\\x85c");
    }

    @Test
    void longTextIsCutWithANoteOfWhatWasCut() {
        assertThat(Untrusted.show("x".repeat(20_000_000), 10)).isEqualTo("xxxxxxxxxx…(19999990 more characters)");
        assertThat(Untrusted.show("plain_name-1")).isEqualTo("plain_name-1");
    }

    @Property(tries = 300, seed = "11")
    void whateverComesIn_oneLineWithoutControlCharactersGoesOut(@ForAll String s) {
        String shown = Untrusted.show(s, 64);
        assertThat(shown.chars().noneMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))).isTrue();
        assertThat(shown.length()).isLessThanOrEqualTo(64 * 6 + 40);
    }

    @org.junit.jupiter.api.Test
    void aShellWordIsPlainQuotedWhenPrintable_andAnsiCQuotedWithEscapesOtherwise() {
        org.assertj.core.api.Assertions.assertThat(Untrusted.shellQuote("host.cpus=4")).isEqualTo("'host.cpus=4'");
        org.assertj.core.api.Assertions.assertThat(Untrusted.shellQuote("name=\u001b[31m"))
                .isEqualTo("$'name=\\x1b[31m'");
        org.assertj.core.api.Assertions.assertThat(Untrusted.shellQuote("it's")).isEqualTo("$'it\\'s'");
    }

    @Test
    void aPrintableNameIsShortAndHasNoEscapeBackslashOrBidiOverride() {
        assertThat(Untrusted.isPrintableName("web-tier 2")).isTrue();
        assertThat(Untrusted.isPrintableName("x".repeat(200))).isTrue();
        assertThat(Untrusted.isPrintableName("x".repeat(201))).isFalse();
        assertThat(Untrusted.isPrintableName("\u001b[31mred")).isFalse();
        assertThat(Untrusted.isPrintableName("a\\b")).isFalse();
        assertThat(Untrusted.isPrintableName("a\u202eb")).isFalse();
        assertThat(Untrusted.isPrintableName(null)).isFalse();
    }

    @Property(tries = 300, seed = "11")
    void aPrintableNameHasNoControlCharacterNoBackslashAndAtMost200Characters(@ForAll String s) {
        boolean plain = s.length() <= 200 && s.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\\' || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e
                || c == 0x200f || c == 0x061c);
        assertThat(Untrusted.isPrintableName(s)).isEqualTo(plain);
    }
}
