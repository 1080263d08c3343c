/**
 * Access to the gcc-built guest objects packaged as resources ({@code guest/*.o}).
 */
package dev.quiesce.guest;
