/** Placeholder so the package exists for Export-Package; keep or replace. */
package org.hyperupcall.ebpf.elf;
