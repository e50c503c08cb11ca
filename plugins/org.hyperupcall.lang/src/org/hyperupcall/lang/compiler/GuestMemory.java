package org.hyperupcall.lang.compiler;

/** A range of guest memory a program may access (registered with it): name, address, bytes, writability. */
public record GuestMemory(String name, long base, byte[] data, boolean writable) {
}
