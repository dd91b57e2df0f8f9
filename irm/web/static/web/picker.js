// Long lists of States (fieldsets marked data-picker, see web/_state_picker.html): without this script
// they are plain check boxes. With it: a filter by name and by regional group, the chosen States shown as
// chips that remove them, a count of what is shown, and — data-picker-follow="#id_review" — only the
// States that belong to the chosen review. No inline script: the Content-Security-Policy forbids it.
(() => {
  const fold = (text) =>
    (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();

  const enhance = (picker) => {
    const tools = picker.querySelector("[data-picker-tools]");
    const filter = picker.querySelector("[data-picker-filter]");
    const region = picker.querySelector("[data-picker-region]");
    const chips = picker.querySelector("[data-picker-chips]");
    const none = picker.querySelector("[data-picker-none]");
    const count = picker.querySelector("[data-picker-count]");
    const list = picker.querySelector("[data-picker-list]");
    const items = [...picker.querySelectorAll("[data-picker-item]")];
    const follow = picker.dataset.pickerFollow ? document.querySelector(picker.dataset.pickerFollow) : null;
    tools.hidden = false;
    list.classList.add("picker-list");

    const update = () => {
      const words = fold(filter.value).trim();
      const group = region.value;
      const review = follow ? follow.value : "";
      let shown = 0;
      items.forEach((item) => {
        const box = item.querySelector("input");
        const inReview = !review || (item.dataset.reviews || "").split(" ").includes(review);
        const visible =
          inReview &&
          (!words || fold(item.dataset.name).includes(words)) &&
          (!group || item.dataset.region === group);
        item.hidden = !visible && !box.checked;
        if (!item.hidden) shown += 1;
      });
      count.textContent = count.dataset.template
        .replace("__shown__", String(shown))
        .replace("__total__", String(items.length));
      chips.replaceChildren(
        ...items
          .filter((item) => item.querySelector("input").checked)
          .map((item) => {
            const chip = document.createElement("button");
            chip.type = "button";
            chip.className = "btn btn-sm btn-outline-primary me-1 mb-1";
            chip.dataset.pickerChip = item.querySelector("input").value;
            chip.textContent = `${item.dataset.name} ×`;
            chip.setAttribute("aria-label", `${picker.dataset.pickerRemove} ${item.dataset.name}`);
            return chip;
          }),
      );
      none.hidden = chips.children.length > 0;
    };

    chips.addEventListener("click", (event) => {
      const chip = event.target instanceof Element ? event.target.closest("[data-picker-chip]") : null;
      if (!chip) return;
      const box = items
        .map((item) => item.querySelector("input"))
        .find((input) => input.value === chip.dataset.pickerChip);
      if (box) box.checked = false;
      update();
      filter.focus();
    });
    filter.addEventListener("input", update);
    region.addEventListener("change", update);
    picker.addEventListener("change", (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === "checkbox") update();
    });
    if (follow) follow.addEventListener("change", update);
    update();
  };

  document.querySelectorAll("[data-picker]").forEach(enhance);
})();
