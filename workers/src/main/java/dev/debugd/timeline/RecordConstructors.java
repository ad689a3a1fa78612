package dev.debugd.timeline;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Jackson 3 calls a record's canonical constructor through {@code MethodHandle.invokeWithArguments}, which on JDK 17
 * builds a spreader on every call: about 15 % of decoding a small event. This module has records built through a
 * spreader made once per type. Everything else, including how a constructor's refusal is reported, stays Jackson's.
 */
final class RecordConstructors extends SimpleModule {

    RecordConstructors() {
        super("record-constructors");
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addValueInstantiators(new ValueInstantiators.Base() {
            @Override
            public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier bean,
                    ValueInstantiator standard) {
                if (standard.getClass() == StdValueInstantiator.class && standard.getValueClass().isRecord()
                        && standard.getWithArgsCreator() instanceof AnnotatedConstructor creator) {
                    try {
                        return new Spread((StdValueInstantiator) standard, creator.getAnnotated());
                    } catch (IllegalAccessException e) {
                        return standard; // a record that is not public: Jackson's own way reaches it
                    }
                }
                return standard;
            }
        });
    }

    private static final class Spread extends StdValueInstantiator {
        private final MethodHandle constructor;

        Spread(StdValueInstantiator standard, Constructor<?> constructor) throws IllegalAccessException {
            super(standard);
            this.constructor = MethodHandles.publicLookup().unreflectConstructor(constructor)
                    .asSpreader(Object[].class, constructor.getParameterCount())
                    .asType(MethodType.methodType(Object.class, Object[].class));
        }

        @Override
        public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
            try {
                return constructor.invokeExact(arguments);
            } catch (Exception e) {
                return context.handleInstantiationProblem(_valueClass, arguments, rewrapCtorProblem(context, e));
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
