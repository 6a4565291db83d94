import fc from 'fast-check';
import { resolve, typesOf, type JsonSchema, type OpenApiDoc } from './openapi-ops';

/**
 * fast-check arbitraries from the JSON schemas of openapi/openapi.json: values the schema describes (with
 * its boundaries: empty, shortest, longest and one past it, smallest and largest numbers), the same values
 * with one part broken (wrong type, null, removed, an extra field, a huge or odd string), and plain junk.
 */
export interface SchemaArbitraryOptions {
  doc: OpenApiDoc;
  /** Ids for a uuid field, by its name: of the right kind, of another kind or workspace, absent, malformed. */
  id: (field: string) => fc.Arbitrary<string>;
  /** Values for properties whose rules the document cannot express (time zones, reachable URLs), by name. */
  hints?: Record<string, fc.Arbitrary<unknown>>;
}

const MAX_DEPTH = 8;
/** Past this, generated arrays stay short: the boundary (maxItems + 1) is still tried now and then. */
const ARRAY_CAP = 3;

const deepArray = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Strings that break naive code: NUL, lone surrogates, combining marks, bidi overrides, markup, huge. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '💥'.repeat(20),
    'e\u0301\u0301\u0301',
    '\u202eevil\u202c',
    '\t\r\n',
    '\ufeff',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '../../../etc/passwd',
    '%00',
    '%',
    '${7*7}{{7*7}}',
    '__proto__',
    'constructor',
    'null',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    'Z'.repeat(36),
    '长'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer({ min: 1000, max: 70_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON value, leaning to the ones that break parsers and validators. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 31,
    2 ** 53 + 2,
    -(2 ** 63),
    1e308,
    [],
    [null],
    {},
    { a: { b: { c: [] } } },
    deepArray(400),
  ),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

export function schemaArbitrary(
  schema: JsonSchema,
  options: SchemaArbitraryOptions,
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  const hint = options.hints?.[name];
  const own = fromSchema(schema, options, name, depth);
  return hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: own }) : own;
}

function fromSchema(
  raw: JsonSchema,
  options: SchemaArbitraryOptions,
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  const s = resolve(options.doc, raw);
  if (depth > MAX_DEPTH) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((b) => schemaArbitrary(b, options, name, depth + 1)));
  if (s.allOf?.length) return schemaArbitrary(s.allOf[0]!, options, name, depth + 1);
  const types = typesOf(s);
  if (types.length > 1)
    return fc.oneof(...types.map((type) => fromSchema({ ...s, type }, options, name, depth)));
  const type = types[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  switch (type) {
    case 'string':
      return stringArbitrary(s, options, name);
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e6);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e6);
      const inRange =
        type === 'integer'
          ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
          : fc.double({ min, max, noNaN: true });
      return fc.oneof(
        { weight: 4, arbitrary: inRange },
        { weight: 1, arbitrary: fc.constantFrom(min, max, min - 1, max + 1) },
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = schemaArbitrary(s.items ?? {}, options, name, depth + 1);
      const minLength = s.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? ARRAY_CAP, ARRAY_CAP));
      const arrays: fc.Arbitrary<unknown[]>[] = [fc.array(item, { minLength, maxLength })];
      if (s.maxItems !== undefined && s.maxItems <= 40)
        arrays.push(fc.array(item, { minLength: s.maxItems + 1, maxLength: s.maxItems + 1 }));
      return fc.oneof(
        { weight: 5, arbitrary: arrays[0]! },
        ...arrays.slice(1).map((arbitrary) => ({ weight: 1, arbitrary })),
      );
    }
    case 'object': {
      const properties = s.properties ?? {};
      const keys = Object.keys(properties);
      if (!keys.length) {
        const value =
          typeof s.additionalProperties === 'object'
            ? schemaArbitrary(s.additionalProperties, options, name, depth + 1)
            : fc.jsonValue({ maxDepth: 2 });
        return fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 4, noNullPrototype: true });
      }
      const model = Object.fromEntries(
        keys.map((key) => [key, schemaArbitrary(properties[key]!, options, key, depth + 1)]),
      );
      return fc.record(model, { requiredKeys: s.required ?? [], noNullPrototype: true });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArbitrary(s: JsonSchema, options: SchemaArbitraryOptions, name: string): fc.Arbitrary<string> {
  switch (s.format) {
    case 'uuid':
      return options.id(name);
    case 'date-time':
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl({ withQueryParameters: true });
    default:
      break;
  }
  if (s.pattern) {
    try {
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? Infinity;
      // Repeated to the least length (what a character-class pattern still matches), cut to the most.
      return fc
        .stringMatching(new RegExp(s.pattern))
        .map((v) => (v.length < min ? v.repeat(Math.ceil(min / Math.max(1, v.length))) : v).slice(0, max));
    } catch {
      // A pattern fast-check cannot generate from: plain strings below.
    }
  }
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? 40;
  const boundaries = [minLength, maxLength, maxLength + 1].filter((n) => n >= 0 && n <= 100_000);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 40) }) },
    { weight: 1, arbitrary: fc.constantFrom(...boundaries).map((n) => 'é'.repeat(n)) },
  );
}

type Mutation = 'replace' | 'remove' | 'extra' | 'wrap';
const EXTRA_KEYS = ['extra', '__proto__', 'constructor', '', ' ', 'x'.repeat(300), '$where'] as const;

/** The value with one part broken: a property or item replaced by junk, removed, wrapped, or a field added. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      junkValue,
      fc.constantFrom<Mutation>('replace', 'remove', 'extra', 'wrap'),
      fc.constantFrom(...EXTRA_KEYS),
    )
    .map(([value, pick, junk, mutation, extraKey]) => mutate(value, pick, junk, mutation, extraKey));
}

function mutate(value: unknown, pick: number, junk: unknown, mutation: Mutation, extraKey: string): unknown {
  const root = { value: structuredClone(value) };
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (parent: Record<string, unknown> | unknown[], key: string | number) => {
    slots.push([parent, key]);
    const child = (parent as Record<string | number, unknown>)[key];
    if (Array.isArray(child)) child.forEach((_v, i) => walk(child, i));
    else if (child && typeof child === 'object')
      for (const k of Object.keys(child)) walk(child as Record<string, unknown>, k);
  };
  walk(root, 'value');
  const [parent, key] = slots[pick % slots.length]!;
  const target = parent as Record<string | number, unknown>;
  const current = target[key];
  switch (mutation) {
    case 'replace':
      target[key] = junk;
      break;
    case 'remove':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else if (parent !== root) delete target[key];
      else root.value = undefined;
      break;
    case 'wrap':
      target[key] = [current];
      break;
    case 'extra':
      if (current && typeof current === 'object' && !Array.isArray(current))
        // defineProperty: `__proto__` becomes an own key (as JSON.parse would make it), not the prototype.
        Object.defineProperty(current, extraKey, { value: junk, enumerable: true, writable: true });
      else target[key] = junk;
      break;
  }
  return root.value;
}
