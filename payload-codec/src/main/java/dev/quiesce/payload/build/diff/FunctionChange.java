package dev.quiesce.payload.build.diff;

/**
 * A function whose patched build differs from its base build.
 *
 * @param base    the function in the base object
 * @param patched the function in the patched object
 * @param why     the first difference found, e.g. {@code relocation +0x1 R_X86_64_32 str:"a" → str:"b"}
 */
public record FunctionChange(FunctionUnit base, FunctionUnit patched, String why) {
}
