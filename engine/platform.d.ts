/**
 * The few platform globals the engine may use: they exist, with these exact
 * shapes, both in browsers and in Node (>= 11). Declared here because the
 * engine compiles against ES2022 alone, without DOM or Node types, so that
 * nothing else slips in.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
