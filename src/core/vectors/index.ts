export { dotAt, scoreRows, l2normalize } from './dot';
export { TopK, type Hit } from './topk';
export { VectorIndex, type VectorChunk, type ChunkData, type Location } from './vector-index';
