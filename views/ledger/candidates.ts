export { candidatesOf, type Candidate } from '../../src/investigation/candidates';
