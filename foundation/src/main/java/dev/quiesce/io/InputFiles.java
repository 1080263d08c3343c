package dev.quiesce.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way quiesce reads an input file (payloads, envelopes, keys, scenarios, models, replay files, traces): only
 * a regular file (a FIFO or a device would block or never end), its size checked against the reader's bound before
 * a byte is read, and never more than the bound read even if the file grows meanwhile. Every failure is an
 * {@link InputFileException} with a one-line message; {@code what} ("payload", "replay file", …) names the kind of
 * file in it.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /** The bytes of {@code file}, at most {@code maxBytes} of them. */
    public static byte[] read(Path file, long maxBytes, String what) throws InputFileException {
        try (InputStream in = open(file, maxBytes, what)) {
            return in.readAllBytes();
        } catch (InputFileException e) {
            throw e;
        } catch (IOException e) {
            throw new InputFileException(InputFileException.Reason.IO,
                    "cannot read %s %s: %s".formatted(what, file, e.getMessage()), e);
        }
    }

    /** The text of {@code file} as UTF-8, at most {@code maxBytes} bytes of it. */
    public static String readString(Path file, long maxBytes, String what) throws InputFileException {
        return new String(read(file, maxBytes, what), StandardCharsets.UTF_8);
    }

    /** A stream over {@code file} that fails once more than {@code maxBytes} bytes were read. */
    public static InputStream open(Path file, long maxBytes, String what) throws InputFileException {
        check(file, maxBytes, what);
        try {
            return new Bounded(Files.newInputStream(file), maxBytes, file, what);
        } catch (AccessDeniedException e) {
            throw denied(file, what, e);
        } catch (IOException e) {
            throw new InputFileException(InputFileException.Reason.IO,
                    "cannot read %s %s: %s".formatted(what, file, e.getMessage()), e);
        }
    }

    /** Checks {@code file} without reading it: a regular file of at most {@code maxBytes} bytes. */
    public static BasicFileAttributes check(Path file, long maxBytes, String what) throws InputFileException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputFileException(InputFileException.Reason.MISSING,
                    "no %s %s: check the path".formatted(what, file), e);
        } catch (AccessDeniedException e) {
            throw denied(file, what, e);
        } catch (IOException e) {
            throw new InputFileException(InputFileException.Reason.IO,
                    "cannot read %s %s: %s".formatted(what, file, e.getMessage()), e);
        }
        if (a.isDirectory()) {
            throw new InputFileException(InputFileException.Reason.DIRECTORY,
                    "%s %s is a directory: name a file".formatted(what, file), null);
        }
        if (!a.isRegularFile()) {
            throw new InputFileException(InputFileException.Reason.NOT_REGULAR,
                    "%s %s is not a regular file (a FIFO, socket or device is not read): name a file"
                            .formatted(what, file), null);
        }
        if (a.size() > maxBytes) {
            throw tooLarge(file, maxBytes, what, a.size());
        }
        return a;
    }

    private static InputFileException denied(Path file, String what, IOException e) {
        return new InputFileException(InputFileException.Reason.DENIED,
                "cannot read %s %s: permission denied; check its permissions".formatted(what, file), e);
    }

    private static InputFileException tooLarge(Path file, long maxBytes, String what, long size) {
        String was = size < 0 ? "more than " + maxBytes + " bytes" : size + " bytes";
        return new InputFileException(InputFileException.Reason.TOO_LARGE,
                "%s %s is %s, over the limit of %d bytes for a %s: check that it is the right file"
                        .formatted(what, file, was, maxBytes, what), null);
    }

    /** Fails on the byte past the bound: a file that grew after it was checked. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private final Path file;
        private final String what;
        private long count;

        Bounded(InputStream in, long max, Path file, String what) {
            super(in);
            this.max = max;
            this.file = file;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, max - count + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, max - count + 1));
            count(s);
            return s;
        }

        private void count(long n) throws InputFileException {
            count += n;
            if (count > max) {
                throw tooLarge(file, max, what, -1);
            }
        }
    }
}
