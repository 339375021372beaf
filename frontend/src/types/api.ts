// The generated API types, re-exported in one place so features import from "@/types/api"
// instead of reaching into src/gen paths. Never hand-write these shapes.
export * from '@/gen/champion/v1/data_pb'
export * from '@/gen/champion/v1/catalog_pb'
export * from '@/gen/champion/v1/selection_pb'
