package sc.fiji.draggan.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python dict, {@code collections.OrderedDict} or {@code dnnlib.util.EasyDict} from a pickle: insertion
 * ordered (state-dict order depends on it, docs/algorithm.md#state-dict-names-and-init-kwargs). BUILD merges instead of clearing, so an EasyDict
 * whose items were set before its BUILD keeps them (docs/algorithm.md#reading-pickles-in-java).
 */
final class PyDict extends LinkedHashMap<Object, Object> implements PyState {

	private static final long serialVersionUID = 1L;

	@Override
	public void setState(final Object state) {
		if (state instanceof Map) putAll((Map<?, ?>) state);
		else if (state instanceof Object[]) {
			for (final Object part : (Object[]) state) {
				if (part instanceof Map) putAll((Map<?, ?>) part);
			}
		}
	}
}
