// The kernels nninit's JS bridge calls: numbers and pointers in, memory out.
export { splitMix64, xoshiroSeed, xoshiroNext, xoshiroFill, xoshiroJump, xoshiroLongJump } from './xoshiro';
export { fillUniform, fillNormal, fillTruncatedNormal, fillTruncatedNormalTail, fillConstant, BLOCK_SIZE, WORK_BYTES } from './fill';
export { orthogonalKernel } from './linalg';
export { toHalf } from './vecmath';
export { ZIGGURAT_X, ZIGGURAT_F } from './ziggurat-tables';
export { NORMAL_BLOCK_SIZE } from './workspace';
