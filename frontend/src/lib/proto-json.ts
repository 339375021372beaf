import {
  fromJson,
  ScalarType,
  type DescField,
  type DescMessage,
  type JsonValue,
  type MessageShape,
} from '@bufbuild/protobuf'

// The gateway prints every field and sends non-finite doubles as null. protobuf-es reads a
// null scalar as its zero value, which would turn an infinite WAPE into a perfect 0 %.
// Before fromJson, a null double/float becomes "NaN", so "not a number" survives into the
// typed message and the UI shows it as "n/a". (Absent messages and optional fields stay
// null, which fromJson reads as unset.)

function isFloat(field: DescField): boolean {
  return (
    (field.fieldKind === 'scalar' || field.fieldKind === 'list' || field.fieldKind === 'map') &&
    'scalar' in field &&
    (field.scalar === ScalarType.DOUBLE || field.scalar === ScalarType.FLOAT)
  )
}

function isWellKnown(desc: DescMessage): boolean {
  return desc.typeName.startsWith('google.protobuf.')
}

function fixValue(field: DescField, v: JsonValue): JsonValue {
  if (field.fieldKind === 'scalar') {
    return v === null && isFloat(field) && !field.proto.proto3Optional ? 'NaN' : v
  }
  if (field.fieldKind === 'message') {
    return v !== null && !isWellKnown(field.message) ? fixMessage(field.message, v) : v
  }
  if (field.fieldKind === 'list') {
    if (!Array.isArray(v)) return v
    if (field.listKind === 'scalar' && isFloat(field)) return v.map((x) => (x === null ? 'NaN' : x))
    if (field.listKind === 'message' && !isWellKnown(field.message)) {
      const m = field.message
      return v.map((x) => fixMessage(m, x))
    }
    return v
  }
  if (field.fieldKind === 'map') {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
    const out: Record<string, JsonValue> = {}
    for (const [k, x] of Object.entries(v)) {
      if (field.mapKind === 'message' && !isWellKnown(field.message)) out[k] = fixMessage(field.message, x)
      else if (field.mapKind === 'scalar' && isFloat(field) && x === null) out[k] = 'NaN'
      else out[k] = x
    }
    return out
  }
  return v
}

function fixMessage(desc: DescMessage, json: JsonValue): JsonValue {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json
  const out: Record<string, JsonValue> = { ...json }
  for (const field of desc.fields) {
    for (const key of [field.name, field.jsonName]) {
      if (key in out) out[key] = fixValue(field, out[key] as JsonValue)
    }
  }
  return out
}

/** Parses gateway JSON into a typed message; unknown fields are ignored (forward compatible). */
export function parseMessage<Desc extends DescMessage>(schema: Desc, json: unknown): MessageShape<Desc> {
  return fromJson(schema, fixMessage(schema, json as JsonValue), { ignoreUnknownFields: true })
}
