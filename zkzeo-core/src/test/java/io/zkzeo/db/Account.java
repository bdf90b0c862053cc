package io.zkzeo.db;

import org.jspecify.annotations.Nullable;

/**
 * An example persistent class, written the way the package documentation describes: a stable Python
 * class name, a no-argument constructor, {@code readAccess()} in getters and {@code writeAccess()} in
 * setters.
 */
@PersistentClass("bank.model.Account")
public class Account extends Persistent {

	private @Nullable String owner;

	private long balance;

	private int transfers;

	private @Nullable Account referrer;

	private transient int notStored;

	private Account() {
	}

	Account(String owner, long balance) {
		this.owner = owner;
		this.balance = balance;
	}

	@Nullable String getOwner() {
		readAccess();
		return this.owner;
	}

	long getBalance() {
		readAccess();
		return this.balance;
	}

	int getTransfers() {
		readAccess();
		return this.transfers;
	}

	void deposit(long amount) {
		writeAccess();
		this.balance += amount;
		this.transfers++;
	}

	@Nullable Account getReferrer() {
		readAccess();
		return this.referrer;
	}

	void setReferrer(@Nullable Account referrer) {
		writeAccess();
		this.referrer = referrer;
	}

	int getNotStored() {
		return this.notStored;
	}

	void setNotStored(int value) {
		this.notStored = value;
	}

}
