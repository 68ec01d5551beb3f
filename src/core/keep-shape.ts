const kept: object[] = []

/**
 * Keeps one object of a class alive for the life of the process, and returns it. V8 holds the hidden
 * class a constructor's fields give an object only weakly: once every object of the class is collected
 * (by a major GC between two builds, or between two entries of one build), the optimized code of each
 * method that read it is thrown away and built again on the next use (bench row 5 paid a third more
 * for it). One object kept per class of the compile's hot path keeps that code.
 */
export function keepShape<T extends object>(object: T): T {
  kept.push(object)
  return object
}
