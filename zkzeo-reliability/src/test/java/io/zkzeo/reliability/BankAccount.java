package io.zkzeo.reliability;

import io.zkzeo.db.Persistent;
import io.zkzeo.db.PersistentClass;

/**
 * A bank account of the load scenario: a balance moved by transfers, whose total over all accounts never
 * changes.
 */
@PersistentClass("reliability.bank.Account")
public final class BankAccount extends Persistent {

	private long balance;

	private BankAccount() {
	}

	BankAccount(long balance) {
		this.balance = balance;
	}

	long balance() {
		readAccess();
		return this.balance;
	}

	void add(long amount) {
		writeAccess();
		this.balance += amount;
	}

}
