package sc.fiji.draggan.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

import net.razorvine.pickle.IObjectConstructor;

/**
 * Any other Python object of a pickle, kept as data: its class name, constructor arguments and the
 * attributes set by BUILD. Nothing is ever executed. A plain {@code torch.nn.Module} (not a persistent
 * class) arrives like this, with {@code _parameters}, {@code _buffers} and {@code _modules} among its attributes.
 */
final class PyObject implements PyState {

	final String module, name;
	final Object[] args;
	final Map<Object, Object> attributes = new LinkedHashMap<>();

	PyObject(final String module, final String name, final Object[] args) {
		this.module = module;
		this.name = name;
		this.args = args;
	}

	@Override
	public void setState(final Object state) {
		if (state instanceof Map) attributes.putAll((Map<?, ?>) state);
		else if (state instanceof Object[]) {
			for (final Object part : (Object[]) state) {
				if (part instanceof Map) attributes.putAll((Map<?, ?>) part);
			}
		}
	}

	@Override
	public String toString() {
		return module + "." + name;
	}

	/** The stand-in for a global this reader does not know: accepts any arguments. */
	static final class Constructor implements IObjectConstructor {

		final String module, name;

		Constructor(final String module, final String name) {
			this.module = module;
			this.name = name;
		}

		@Override
		public Object construct(final Object[] args) {
			return new PyObject(module, name, args);
		}

		@Override
		public String toString() {
			return module + "." + name;
		}
	}
}
