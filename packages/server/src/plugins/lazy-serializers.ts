/**
 * Response serializers compiled on first use (ADR 0013). Fastify compiles a
 * fast-json-stringify serializer for every response schema of every route when the server
 * becomes ready; for this API that was ~1.6 s of every start (each compile validates the
 * schema and loads every shared schema again). Compiled on a route's first answer instead,
 * the cost is spread over first requests (a few milliseconds each) and paid only for the
 * routes that are used. The serializer is the very one Fastify would have built.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;
type Serializer = (doc: unknown) => string;

/** The compilers that have not run yet, to force them all (tests: every schema compiles). */
export interface LazySerializers {
  readonly factory: Factory;
  /** Compile every serializer that has not been compiled yet; returns how many there are. */
  compileAll: () => number;
}

/** A serializer factory for `schemaController.compilersFactory.buildSerializer`. */
export function lazySerializers(): LazySerializers {
  const eager = SerializerSelector();
  const all: (() => Serializer)[] = [];
  const factory: Factory = (externalSchemas, options) => {
    const compile = eager(externalSchemas, options);
    return (route) => {
      let serializer: Serializer | undefined;
      const ready = (): Serializer => (serializer ??= compile(route));
      all.push(ready);
      return (doc: unknown) => ready()(doc);
    };
  };
  return {
    factory,
    compileAll: () => {
      for (const ready of all) ready();
      return all.length;
    },
  };
}
