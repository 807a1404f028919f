package sc.fiji.draggan.cli;

/** Bad command-line input: the message is printed as one line, with exit status 2. */
public class UsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UsageException(final String message) {
		super(message);
	}
}
