// Suites that define Jest tests (they use Jest's globals), apart from the index: apps that run
// outside Jest (the fault test) import @voltlane/testing, and the build must not compile these.
export * from './fuzz/service-fuzz-suite';
