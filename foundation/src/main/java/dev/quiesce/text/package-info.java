/**
 * Text that came from a file quiesce does not trust (an envelope's name, a payload's strings, a shell line), made
 * safe to print: {@link dev.quiesce.text.Untrusted}.
 */
package dev.quiesce.text;
