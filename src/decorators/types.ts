/**
 * Decorator signatures that type-check under both `experimentalDecorators` (legacy: the prototype and
 * the property key) and TypeScript 5's standard decorators (undefined and a context object).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFieldContext = ClassFieldDecoratorContext<any, any> | ClassAccessorDecoratorContext<any, any>;

export type PropertyDecoratorFn = (target: object | undefined, context: string | symbol | AnyFieldContext) => void;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClassDecoratorFn = (target: abstract new (...args: any[]) => any, context?: ClassDecoratorContext) => void;

export type ClassOrPropertyDecoratorFn = (
  target: object | undefined,
  context?: string | symbol | AnyFieldContext | ClassDecoratorContext,
) => void;
