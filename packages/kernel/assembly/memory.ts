// Reads and writes of the kernel's linear memory: element i of an f64 or i32 array at a byte offset.

export function f64at(base: usize, i: i32): f64 {
  return load<f64>(base + ((<usize>i) << 3));
}
export function setf64(base: usize, i: i32, v: f64): void {
  store<f64>(base + ((<usize>i) << 3), v);
}
export function i32at(base: usize, i: i32): i32 {
  return load<i32>(base + ((<usize>i) << 2));
}
export function seti32(base: usize, i: i32, v: i32): void {
  store<i32>(base + ((<usize>i) << 2), v);
}
/** A slot that holds a byte offset (config and level records keep them as f64). */
export function ptr(base: usize, i: i32): usize {
  return <usize>f64at(base, i);
}
