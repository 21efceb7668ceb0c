// The pattern language of signatures (src/pattern/: the syntax common to RE2 and
// JavaScript, parsed by regexpp, held to linear time, its atoms and its JavaScript), as
// the signature modules use it.

export { PatternError,   } from '../pattern/tree';
export { parsePattern } from '../pattern/parse';
export { linearityProblem } from '../pattern/linear';
export { MIN_ATOM, requiredAtoms } from '../pattern/atoms';
export { escapeLiteral, toJavaScript } from '../pattern/emit';
