import { configure } from '@testing-library/react';

// Pages load on demand (React.lazy): the first render of one in a test file includes compiling it,
// which takes seconds on a loaded CI machine. findBy*/waitFor wait up to 10 s (default 1 s).
// (After the test framework: importing Testing Library registers its cleanup after each test.)
configure({ asyncUtilTimeout: 10_000 });
