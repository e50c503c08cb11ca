package org.hyperupcall.abi;

/** A field of a structure the ABI defines: its C type, byte offset and size, and what it means. */
public record Field(String name, String cType, int offset, int size, String doc) {
}
