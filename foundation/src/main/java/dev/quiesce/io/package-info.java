/**
 * Reading input files the one bounded way: regular files only, their size checked before a byte is read
 * ({@link dev.quiesce.io.InputFiles}), failures as {@link dev.quiesce.io.InputFileException}s whose message is one
 * line saying what to do.
 */
package dev.quiesce.io;
