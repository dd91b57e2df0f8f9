// The findings search: a changed filter, sort or page size applies at once (the buttons remain for
// keyboards and for browsers without scripts).
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input[type=checkbox], select")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  // Empty fields make the address longer without changing the search.
  form.addEventListener("formdata", function (event) {
    var data = event.formData;
    ["q"].forEach(function (name) { if (!data.get(name)) data.delete(name); });
    if (data.get("per_page") === "20") data.delete("per_page");
  });
})();
