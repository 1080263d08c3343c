package dev.quiesce.emulator.unicorn;

import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * The Unicorn libraries every hazard is checked against: Debian's 2.0.x and a 2.1.x, found as the launcher finds
 * them ({@link UnicornLibrary#available()}). A missing one fails the test with how to install it — never a skip.
 */
final class Libraries {

    private Libraries() {
    }

    /** One 2.0.x and one 2.1-or-later library, oldest first. */
    static List<UnicornLibrary> both() {
        List<UnicornLibrary> all = UnicornLibrary.available();
        UnicornLibrary old = all.stream().filter(l -> !l.atLeast(2, 1)).findFirst().orElse(null);
        UnicornLibrary recent = all.stream().filter(l -> l.atLeast(2, 1)).findFirst().orElse(null);
        if (old == null) {
            fail("no Unicorn 2.0.x found (found: " + all + "): install Debian's libunicorn2 (apt-get install -y "
                    + "libunicorn2); ./quiesce test does it as root");
        }
        if (recent == null) {
            fail("no Unicorn 2.1.x found (found: " + all + "): ./quiesce test provides it (pip download unicorn=="
                    + UnicornLocator.WHEEL_VERSION + ", unpacked into " + UnicornLocator.cacheDirectory()
                    + "/unicorn-" + UnicornLocator.WHEEL_VERSION + "/libunicorn.so.2), or pip install unicorn=="
                    + UnicornLocator.WHEEL_VERSION);
        }
        return List.of(old, recent);
    }

    /** Each library with each counting scheme. */
    static List<org.junit.jupiter.params.provider.Arguments> withCounting() {
        return both().stream().flatMap(l -> java.util.Arrays.stream(Counting.values())
                .map(c -> org.junit.jupiter.params.provider.Arguments.of(l, c))).toList();
    }
}
