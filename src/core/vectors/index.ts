export { dotAt, scoreRows, l2normalize } from './dot';
export { TopK, type Hit } from './topk';
export { TopRows } from './top-rows';
export { Int8Codes } from './int8-codes';
export { createKernel, SIMD_MODULE, type ScanKernel } from './int8-kernel';
export {
  VectorIndex,
  FAST_MIN,
  RESCORE,
  type SearchOptions,
  type VectorChunk,
  type ChunkData,
  type Location,
} from './vector-index';
