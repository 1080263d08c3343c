/**
 * JSON: the one writer ({@link dev.quiesce.json.JsonWriter}, with the one RFC 8259 string escaper) and the one reader
 * ({@link dev.quiesce.json.JsonReader}, into the small {@link dev.quiesce.json.JsonValue} tree) of the project.
 *
 * <p>Hand-written rather than a library such as Jackson: the project writes a few small documents (run results,
 * sweep results, model files, Perfetto traces) and reads one (model files), so about 400 lines cover it without a
 * new dependency and its versions to keep aligned. What a library would bring is kept here on purpose: strict RFC
 * 8259 syntax, bounds for hostile input (nesting depth and document length, {@link dev.quiesce.json.JsonReader}),
 * {@code file:line:column} errors, repeated keys refused, numbers kept as written. Both directions are tested against
 * Python's {@code json} module as an independent oracle.
 */
package dev.quiesce.json;
