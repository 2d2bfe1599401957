// Small behaviours: submit the language switcher on change; poll a task's progress.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("[data-task-progress]").forEach(pollTask);
});

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
