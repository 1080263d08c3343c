/**
 * The signed envelope: a protobuf message that carries a Xen livepatch payload for transport and
 * storage, with its name, build-ids and metadata readable without parsing the ELF, and an Ed25519
 * signature over all of them ({@link dev.quiesce.payload.envelope.SignedContent}; format 1, still
 * read, signed the ELF bytes only).
 *
 * <p>{@link dev.quiesce.payload.envelope.SignedPayload} is the value;
 * {@link dev.quiesce.payload.envelope.EnvelopeCodec} maps it to and from the wire format (the
 * protobuf classes generated from {@code src/main/proto/quiesce/payload/envelope.proto} stay behind
 * it); {@link dev.quiesce.payload.envelope.PayloadSigner} signs and verifies with the JDK's EdDSA;
 * {@link dev.quiesce.payload.envelope.Keys} makes and stores key pairs as PEM files that OpenSSL
 * reads; {@link dev.quiesce.payload.envelope.SignaturePolicy} is a host's rule for unsigned or
 * badly signed payloads, over the {@link dev.quiesce.payload.envelope.TrustedKeys} it trusts (docs/trust.md). Xen upstream has no payload signatures (docs/xen-livepatch.md §5): this goes beyond it.
 */
package dev.quiesce.payload.envelope;
