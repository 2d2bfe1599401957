// Small behaviours: submit the language switcher on change; poll a task's progress; find skills.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("[data-task-progress]").forEach(pollTask);
  document.querySelectorAll("[data-skill-picker]").forEach(skillPicker);
});

// A skill picker: the server finds skills by words of their names (the form's suggestions
// first, also when the box is empty); choosing one ticks it among the options, adding it there
// when the page did not render it.
function skillPicker(picker) {
  const query = picker.querySelector("[data-skill-query]");
  const results = picker.querySelector("[data-skill-results]");
  const options = picker.querySelector("[data-skill-query] ~ div");
  const multiple = picker.hasAttribute("data-multiple");
  let asked = 0;
  let timer = null;
  const shown = (skill) => options.querySelector(`input[value="${skill.id}"]`);
  // a skill found through the Chinese name of its counterpart on another taxonomy shows that name
  const named = (skill) => (skill.found_as ? `${skill.label} (${skill.found_as})` : skill.label);

  const choose = (skill) => {
    let input = shown(skill);
    if (!input) {
      input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = picker.dataset.name;
      input.value = skill.id;
      const label = document.createElement("label");
      label.append(input, " ", named(skill));
      const row = document.createElement("div");
      row.append(label);
      options.append(row);
    }
    input.checked = true;
    query.value = "";
    results.hidden = true;
    query.focus();
  };

  const show = (skills) => {
    // with nothing typed, the suggestions the page already lists as options are not repeated
    if (!query.value.trim()) skills = skills.filter((skill) => !shown(skill));
    results.replaceChildren(...skills.map((skill) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = named(skill);
      button.addEventListener("click", () => choose(skill));
      const item = document.createElement("li");
      item.append(button);
      return item;
    }));
    if (!skills.length && query.value.trim()) {
      const none = document.createElement("li");
      none.className = "muted";
      none.textContent = picker.dataset.none || "—";
      results.append(none);
    }
    results.hidden = !results.children.length;
  };

  const search = async () => {
    const ask = ++asked;
    const params = new URLSearchParams({ q: query.value.trim(), first: picker.dataset.first });
    const response = await fetch(`${picker.dataset.findUrl}?${params}`, { headers: { Accept: "application/json" } });
    if (!response.ok || ask !== asked) return;  // a later keystroke's answer supersedes this one
    show((await response.json()).skills);
  };

  query.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(search, 200); });
  query.addEventListener("focus", () => { if (!query.value.trim() && picker.dataset.first) search(); });
  query.addEventListener("keydown", (event) => {
    if (event.key === "Escape") results.hidden = true;
    if (event.key !== "Enter") return;
    event.preventDefault();  // Enter chooses the first skill found, it does not send the form
    const first = results.querySelector("button");
    if (first) first.click();
  });
}

function pollTask(box) {
  const url = box.dataset.taskProgress;
  const bar = box.querySelector("progress");
  const label = box.querySelector("[data-task-message]");
  const status = box.querySelector("[data-task-status]");
  const tick = async () => {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) { status.textContent = response.statusText; return; }
    const task = await response.json();
    bar.max = task.total || 1;
    bar.value = task.done;
    bar.setAttribute("aria-valuetext", `${task.done} / ${task.total}`);
    label.textContent = task.message;
    status.textContent = box.dataset["label" + task.status[0].toUpperCase() + task.status.slice(1)] || task.status;
    box.dataset.status = task.status;
    if (task.status === "succeeded" || task.status === "failed") {
      // a task whose result is a page (a report) opens it; otherwise the page shows the outcome
      if (task.status === "succeeded" && task.result && task.result.url) {
        window.location.assign(task.result.url);
      } else {
        window.location.reload();
      }
      return;
    }
    setTimeout(tick, 500);
  };
  tick();
}
