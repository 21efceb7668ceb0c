// Tests run no entry of the binary: V8's linear-time regex fallback is set here, once per
// test process, as bin/entry.ts and the scan worker set it (src/signatures/linear-engine.ts).
import { useLinearRegexFallback } from '../../src/signatures/linear-engine';

useLinearRegexFallback();
