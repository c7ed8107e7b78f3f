// Raw blocks of linear memory for the JS bridge: scratch buffers, workspaces and zero-copy
// tensors. TLSF (the minimal runtime's allocator) grows memory on demand; nothing here is
// garbage-collected, so every allocation is released explicitly by the bridge.

/** Allocates `bytes` bytes, 16-byte aligned, or returns 0 when memory cannot grow that far. */
export function allocate(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Releases a block returned by `allocate`. */
export function release(ptr: usize): void {
  heap.free(ptr);
}
