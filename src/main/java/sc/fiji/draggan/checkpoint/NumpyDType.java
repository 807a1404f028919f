package sc.fiji.draggan.checkpoint;

/** A {@code numpy.dtype} from a pickle: type string such as {@code f8} plus the byte order set by BUILD. */
final class NumpyDType implements PyState {

	final String type;
	String byteOrder = "<";

	NumpyDType(final String type) {
		this.type = type;
	}

	@Override
	public void setState(final Object state) {
		// (version, byte order, subdtype, names, fields, itemsize, alignment, flags)
		if (state instanceof Object[] && ((Object[]) state).length > 1 && ((Object[]) state)[1] instanceof String)
			byteOrder = sc.fiji.draggan.io.Messages.clip((String) ((Object[]) state)[1], 4);
	}

	boolean bigEndian() {
		return ">".equals(byteOrder);
	}

	@Override
	public String toString() {
		return "dtype(" + byteOrder + type + ")";
	}
}
