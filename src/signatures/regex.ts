// The pattern language of signatures, user log filters and plan regexes: the syntax
// common to RE2 and JavaScript, parsed into a small tree so that we can (1) refuse what
// cannot run in linear time, (2) pull out the literal "atoms" every match must contain
// (the one-pass prefilter runs on those), and (3) emit the JavaScript source that
// verifies a candidate line. One module per job under pattern/; this is their front.

export { PatternError, type ParsedPattern, type RegexNode } from './pattern/tree';
export { parsePattern } from './pattern/parse';
export { linearityProblem } from './pattern/linear';
export { MIN_ATOM, requiredAtoms } from './pattern/atoms';
export { escapeLiteral, toJavaScript } from './pattern/emit';
