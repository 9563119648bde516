/**
 * At most `size` questions wait on the language model at once. A question that finds every slot taken is told so at
 * once instead of queueing behind a slow model, so it can be answered without one.
 */
export class ModelSlots {
	private taken = 0;

	public constructor(private readonly size: number) {}

	/** A release function when a slot was free (calling it twice frees one slot), otherwise undefined. */
	public tryTake(): (() => void) | undefined {
		if (this.taken >= this.size) return undefined;
		this.taken += 1;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.taken -= 1;
		};
	}
}
