declare module 'fontkit' {
  /** A parsed font; pdfkit's registerFont accepts it where it takes a file. */
  export function create(data: Uint8Array, postscriptName?: string): unknown;
}
