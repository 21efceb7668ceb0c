// Tests run no entry of the binary: V8's linear-time regex fallback is set here, once per
// test process, as bin/entry.ts and the scan worker set it (src/pattern/linear-engine.ts).
import { useLinearRegexFallback } from '../../src/pattern/linear-engine';

useLinearRegexFallback();
