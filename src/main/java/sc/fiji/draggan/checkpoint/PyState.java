package sc.fiji.draggan.checkpoint;

/** A Python object rebuilt from a pickle that accepts the pickle BUILD opcode (its {@code __setstate__}). */
interface PyState {

	void setState(Object state);
}
