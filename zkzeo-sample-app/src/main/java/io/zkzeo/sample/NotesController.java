package io.zkzeo.sample;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The notes REST API: {@code GET /notes}, {@code GET /notes/{id}}, {@code POST /notes},
 * {@code PUT /notes/{id}}, {@code DELETE /notes/{id}}; present where this process is a zkzeo client.
 */
@RestController
@RequestMapping("/notes")
@ConditionalOnProperty(name = "zkzeo.client.enabled", havingValue = "true")
public class NotesController {

	private final Notebook notebook;

	/**
	 * Creates the controller.
	 * @param notebook the notebook
	 */
	public NotesController(Notebook notebook) {
		this.notebook = notebook;
	}

	/**
	 * Lists the notes.
	 * @return the notes in key order
	 */
	@GetMapping
	public List<NoteView> list() {
		return this.notebook.list();
	}

	/**
	 * Returns one note.
	 * @param id the note's key
	 * @return the note
	 */
	@GetMapping("/{id}")
	public NoteView get(@PathVariable String id) {
		return this.notebook.get(id);
	}

	/**
	 * Adds a note.
	 * @param request the note
	 * @return the stored note, with its location
	 */
	@PostMapping
	public ResponseEntity<NoteView> add(@RequestBody NoteRequest request) {
		NoteView note = this.notebook.add(request);
		return ResponseEntity.created(URI.create("/notes/" + note.id())).body(note);
	}

	/**
	 * Changes a note.
	 * @param id the note's key
	 * @param request the new title and text
	 * @return the changed note
	 */
	@PutMapping("/{id}")
	public NoteView edit(@PathVariable String id, @RequestBody NoteRequest request) {
		return this.notebook.edit(id, request);
	}

	/**
	 * Removes a note.
	 * @param id the note's key
	 */
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void remove(@PathVariable String id) {
		this.notebook.remove(id);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> notFound(NoteNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> invalid(IllegalArgumentException ex) {
		return ResponseEntity.badRequest().body(Map.of("error", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> unavailable(TransactionException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(Map.of("error", "The storage is not available now: " + ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, String>> conflict(ConcurrencyFailureException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(Map.of("error", "Another writer changed this note at the same time; try again"));
	}

}
