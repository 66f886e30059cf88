// The first step works before the entry script has arrived (issue 15 item 3). On a cheap phone
// the first question shows a second or two before Preact can run it; a tap on "Siguiente" then
// must move on, as the app would, not wait. The page carries, inert in a <template>, the page
// after the first as the app renders it, and FIRST_STEP (a few hundred bytes of inline script,
// allowed by its hash) swaps it in when the first page's answers pass. The answers stay where
// they were given, in the page's own controls; main.tsx reads them back and the app takes over
// on the page shown, with the history entries the app itself would have made (steps.ts).
//
// Only a first page whose next page, and everything on it, is the same whatever is answered is
// done this way: it is checked by rendering the next page for every answer set of the first
// page (firstStep). Anything else (a typed answer, a condition, a choice filter, recall) waits
// for the script; the tap is then only marked as taken and acted on once the script runs.
import type { Question, Survey } from "../../surveys/schema";
import type { FormValues } from "./form";
import { nextPage, pageProblems, pagesOf, shownOnPage } from "./pages";

/** Beyond this many answer sets of the first page (each rendered once), the script does it. */
const MOST_ANSWER_SETS = 64;

export interface FirstStep {
  /** The next page (the index of its first question), the same for every answer. */
  next: number;
  /** The names of the first page's controls that must be ticked before moving on. */
  required: string[];
  /** The app rendered on that page: what the <template> holds. */
  html: string;
}

/** Every way the first page's questions can be answered so that it passes, or null if too many. */
function answerSets(questions: Question[]): FormValues[] | null {
  let sets: FormValues[] = [{}];
  for (const question of questions) {
    if (question.type !== "single") return null;
    const choices: (string | undefined)[] = question.options.map((option) => option.id);
    if (!question.required) choices.push(undefined);
    sets = sets.flatMap((values) =>
      choices.map((choice) =>
        choice === undefined ? values : { ...values, [question.id]: choice },
      ),
    );
    if (sets.length > MOST_ANSWER_SETS) return null;
  }
  return sets;
}

/**
 * What FIRST_STEP needs to move from the first page, or null when the script must do it: the
 * first page is single choices only (a radio button holds its answer, and the only way it can
 * fail is a required one left empty), and for every answer that passes, the same page comes
 * next and the app renders it byte for byte the same (`render(values, next)`).
 */
export function firstStep(
  survey: Survey,
  render: (values: FormValues, at: number) => string,
): FirstStep | null {
  const pages = pagesOf(survey);
  const first = (pages[0] ?? []).map((index) => survey.questions[index] as Question);
  const sets = first.length > 0 ? answerSets(first) : null;
  if (!sets) return null;
  let step: { next: number; html: string } | null = null;
  for (const values of sets) {
    // A question of the first page that another of its answers hides or shows: not settled.
    if (shownOnPage(survey, values, 0, pages).length !== first.length) return null;
    if (pageProblems(survey, values, 0, pages).length > 0) return null;
    const next = nextPage(survey, values, 0, pages);
    if (next === null) return null;
    const html = render(values, next);
    if (step && (step.next !== next || step.html !== html)) return null;
    step = { next, html };
  }
  if (!step) return null;
  return {
    ...step,
    required: first.filter((question) => question.required).map((question) => `q-${question.id}`),
  };
}

/** Where the page is, as FIRST_STEP leaves it for main.tsx (window.vozFirstStep). */
export interface FirstStepState {
  /** The page shown: 0 or FirstStep.next. */
  at: number;
  /** The page not shown, taken out of the document with its controls and their answers. */
  kept: Record<string, HTMLElement>;
}

/**
 * Runs as the page is parsed (plain ES5: it runs wherever the page opens; allowed by its hash
 * in the page's CSP, page.tsx inlineScripts). Until main.tsx sets window.vozReady:
 * - "Siguiente" on the first page, with every required question answered, shows the page in
 *   <template id="voz-next"> and makes the app's history entries (steps.ts: the page's own entry
 *   becomes "leaving", then the first question, then the next; after Back, only the next);
 * - Back and "Anterior" swap the two pages the same way;
 * - any other tap on the main button (a required answer missing, a page the template does not
 *   hold) is marked as taken (aria-busy) and remembered (vozTapped): main.tsx presses it again
 *   once the app runs, which shows what is missing.
 */
export const FIRST_STEP = `(function(){
var w=window,d=document,state={at:0,kept:{}};
w.vozFirstStep=state;
function show(at){
var root=d.getElementById("voz"),shown=root&&root.querySelector("main"),page=state.kept[at];
if(!shown||!page||at===state.at)return;
state.kept[state.at]=shown;
delete state.kept[at];
root.replaceChild(page,shown);
state.at=at;
w.scrollTo(0,0);
var heading=page.querySelector("[tabindex='-1']");
if(heading)heading.focus({preventScroll:true});
}
function entry(step,depth){return{voz:step,depth:depth}}
function question(index){return{kind:"question",index:index,editing:false}}
d.addEventListener("click",function(e){
var button=w.vozReady?null:e.target&&e.target.closest&&e.target.closest("#voz .actions button");
if(!button)return;
var next=d.getElementById("voz-next"),at=next&&Number(next.getAttribute("data-at"));
if(button.className!=="primary"){if(state.at!==0)history.back();return}
var now=history.state,names=next?next.getAttribute("data-required").split(" "):[];
var ready=state.at===0&&next&&(!now||now.depth===1&&now.voz&&now.voz.kind==="question"&&now.voz.index===0);
for(var i=0;ready&&i<names.length;i++)if(names[i]&&!d.querySelector("#voz input[name='"+names[i]+"']:checked"))ready=false;
if(!ready){button.setAttribute("aria-busy","true");w.vozTapped=true;return}
if(!state.kept[at])state.kept[at]=d.importNode(next.content.querySelector("main"),true);
if(!now){history.replaceState(entry({kind:"leaving"},0),"");history.pushState(entry(question(0),1),"")}
history.pushState(entry(question(at),2),"");
show(at);
},true);
w.addEventListener("popstate",function(e){
var step=!w.vozReady&&e.state&&e.state.voz;
if(step)show(step.kind==="question"?step.index:0);
});
})();`;
