export { ChildProc, type ChildExit, type ChildOutput, type OutputStream, type ProcessSpec } from './child-process';
export { LineSplitter } from './line-splitter';
