// Placeholder build step: replaced by the widgets bundler (issue 6).
console.log('[widgets] nothing to build yet');
