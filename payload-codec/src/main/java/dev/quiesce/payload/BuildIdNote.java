package dev.quiesce.payload;

import dev.quiesce.elf.BuildId;
import dev.quiesce.elf.Elf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A GNU build-id ELF note as Xen writes and reads it: {@code namesz = 4}, {@code descsz}, {@code type = 3},
 * {@code "GNU\0"}, the descriptor (Xen: {@code xen_build_id_check()} in xen/common/version.c and
 * {@code parse_buildid()} in xen/common/livepatch.c).
 */
final class BuildIdNote {

    private static final int HEADER = 12;
    private static final byte[] GNU = {'G', 'N', 'U', 0};

    private BuildIdNote() {
    }

    /** The note's bytes, padded to a multiple of 4. */
    static byte[] encode(byte[] descriptor) {
        int padded = (descriptor.length + 3) & -4;
        ByteBuffer b = ByteBuffer.allocate(HEADER + GNU.length + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GNU.length).putInt(descriptor.length).putInt(Elf.NT_GNU_BUILD_ID).put(GNU).put(descriptor);
        return b.array();
    }

    /** The offset of the descriptor within a note written by {@link #encode}. */
    static int descriptorOffset() {
        return HEADER + GNU.length;
    }

    /**
     * Parses the first note of a section's contents as Xen does.
     *
     * @param contents the section's bytes
     * @param section  the section's name, for messages
     * @throws PayloadException -EINVAL for a note too short or overrunning, or an empty descriptor; -ENODATA for
     *                          a type other than NT_GNU_BUILD_ID or an owner other than "GNU"
     */
    static BuildId parse(byte[] contents, String section) {
        String fix = " — write it as an NT_GNU_BUILD_ID note (owner \"GNU\", type 3), as ld --build-id or objcopy make it";
        if (contents.length <= HEADER) {
            throw new PayloadException(Errno.EINVAL, "%s is %d bytes, too short for a build-id note%s"
                    .formatted(section, contents.length, fix));
        }
        ByteBuffer b = ByteBuffer.wrap(contents).order(ByteOrder.LITTLE_ENDIAN);
        long namesz = Integer.toUnsignedLong(b.getInt(0));
        long descsz = Integer.toUnsignedLong(b.getInt(4));
        long type = Integer.toUnsignedLong(b.getInt(8));
        if (type != Elf.NT_GNU_BUILD_ID) {
            throw new PayloadException(Errno.ENODATA, "%s holds a note of type %d, not a build-id (3)%s"
                    .formatted(section, type, fix));
        }
        if (namesz < GNU.length) {
            throw new PayloadException(Errno.EINVAL, "%s: the note's owner name is %d bytes, shorter than \"GNU\\0\"%s"
                    .formatted(section, namesz, fix));
        }
        long descAt = HEADER + ((namesz + 3) & -4L);
        if (namesz + descsz > contents.length - HEADER || descAt + descsz > contents.length) {
            throw new PayloadException(Errno.EINVAL, "%s: the note's name (%d bytes) and descriptor (%d bytes) run past the section's %d bytes%s"
                    .formatted(section, namesz, descsz, contents.length, fix));
        }
        byte[] name = Arrays.copyOfRange(contents, HEADER, HEADER + GNU.length);
        if (!Arrays.equals(name, GNU)) {
            throw new PayloadException(Errno.ENODATA, "%s: the note's owner is not \"GNU\"%s".formatted(section, fix));
        }
        if (descsz == 0) {
            throw new PayloadException(Errno.EINVAL, "%s holds an empty build-id%s".formatted(section, fix));
        }
        return new BuildId(Arrays.copyOfRange(contents, (int) descAt, (int) (descAt + descsz)));
    }
}
