/** Types for `linebreak` (UAX #14 line-break opportunities); the package ships none. */
declare module 'linebreak' {
  interface Break {
    /** Index (UTF-16) where the next line may start. */
    position: number;
    /** A mandatory break (newline). */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
