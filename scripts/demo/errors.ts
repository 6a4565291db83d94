/** A failure the demo explains in its own words: printed as is, without a stack. */
export class DemoError extends Error {
  override name = 'DemoError';
}
