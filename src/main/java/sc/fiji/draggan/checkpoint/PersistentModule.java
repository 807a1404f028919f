package sc.fiji.draggan.checkpoint;

import java.util.Map;

/**
 * A {@code torch_utils.persistence} object (docs/algorithm.md#persistent-modules): class name, the source text of its module
 * (data only, never executed) and its instance {@code __dict__}.
 */
final class PersistentModule {

	final String className;
	final String moduleSrc;
	final Map<Object, Object> state;

	PersistentModule(final String className, final String moduleSrc, final Map<Object, Object> state) {
		this.className = className;
		this.moduleSrc = moduleSrc;
		this.state = state;
	}

	@Override
	public String toString() {
		return "persistent " + className;
	}
}
